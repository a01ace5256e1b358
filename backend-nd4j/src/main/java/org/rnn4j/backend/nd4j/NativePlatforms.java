package org.rnn4j.backend.nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Which platforms' native libraries the class path holds. {@code nd4j-native-platform} brings the
 * natives of every platform JavaCPP builds (about 880 MB) unless the build names one with
 * {@code -Djavacpp.platform}; an application rarely needs more than its own. Read from the OpenBLAS
 * jars' folders ({@code org/bytedeco/openblas/PLATFORM/}), which come with ND4J's natives for each
 * platform; nothing is loaded.
 */
final class NativePlatforms {
    /** The platforms JavaCPP 1.5.7 publishes OpenBLAS for. */
    static final List<String> KNOWN = List.of("android-arm", "android-arm64", "android-x86", "android-x86_64", "ios-arm64", "ios-x86_64",
            "linux-armhf", "linux-arm64", "linux-ppc64le", "linux-x86", "linux-x86_64", "macosx-arm64", "macosx-x86_64", "windows-x86",
            "windows-x86_64");

    private NativePlatforms() {
    }

    /** The platforms whose OpenBLAS natives the loader sees, in {@link #KNOWN}'s order. */
    static List<String> onClassPath(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        for (String p : KNOWN) {
            if (loader.getResource("org/bytedeco/openblas/" + p + "/") != null) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * The advice when the class path holds more platforms' natives than one application needs.
     *
     * @param found the platforms on the class path
     * @param current this JVM's platform, e.g. {@code linux-x86_64}
     * @return null for one platform or none; else a sentence naming them and the one-line fix
     */
    static String advice(List<String> found, String current) {
        if (found.size() <= 1) {
            return null;
        }
        return "The class path holds ND4J's native libraries for " + found.size() + " platforms " + found
                + " (nd4j-native-platform brings every platform's, about 880 MB, unless the build names one). Add -Djavacpp.platform="
                + current + " (your platform) to your Maven build, for instance in .mvn/maven.config, to download and package only that.";
    }

    /** JavaCPP's name for this JVM's platform, from os.name and os.arch. */
    static String current() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        String o = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macosx" : os.startsWith("linux") ? "linux" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ? "arm64" : arch;
        return o + "-" + a;
    }
}
