#!/usr/bin/python3
"""Copies the El Nino sea-surface-temperature series bundled with statsmodels into elnino.csv.

Run with Debian's Python, which has python3-statsmodels: /usr/bin/python3 make_elnino_csv.py
The source table has one row per year (1950-2010) and one column per month; the copy has one
row per month, oldest first, with the values unchanged, and a header naming the source,
the licence and the package version it came from.
"""
import csv
import os

import statsmodels
import statsmodels.datasets.elnino as elnino

SOURCE = os.path.join(os.path.dirname(elnino.__file__), "elnino.csv")
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "elnino.csv")


def package_version():
    """statsmodels' own version, and the Debian package's if dpkg knows it."""
    version = statsmodels.__version__
    try:
        import subprocess
        deb = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-statsmodels"], capture_output=True, text=True, check=True)
        version += " (Debian python3-statsmodels " + deb.stdout.strip() + ")"
    except Exception:
        pass
    return version


def main():
    with open(SOURCE, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert header[0] == "YEAR" and len(header) == 13, header
    with open(TARGET, "w", newline="") as out:
        out.write("# El Nino: monthly mean sea surface temperature (deg C), Nino 1+2 region (0-10S, 90W-80W), 1950-2010.\n")
        out.write("# Source: NOAA National Weather Service, Climate Prediction Center, ERSST.V3B, Nino 1+2\n")
        out.write("#   (http://www.cpc.ncep.noaa.gov/data/indices/), as bundled by statsmodels "
                  + package_version() + " (statsmodels/datasets/elnino/elnino.csv).\n")
        out.write("# Licence: public domain (" + elnino.COPYRIGHT.strip() + "), U.S. Government work.\n")
        out.write("# Copied by make_elnino_csv.py beside this file; values unchanged, one row per month.\n")
        out.write("year,month,sst\n")
        for r in body:
            for m in range(12):
                out.write("%s,%d,%s\n" % (r[0], m + 1, r[m + 1]))


if __name__ == "__main__":
    main()
