package org.rnn4j.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Natives of several platforms on the class path are named with the one-line fix (issue #24, item 8). */
class NativePlatformsTest {
    @TempDir
    Path dir;

    private ClassLoader classPathWith(String... platforms) throws IOException {
        for (String p : platforms) {
            Files.createDirectories(dir.resolve("org/bytedeco/openblas/" + p));
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void severalPlatformsAreListedWithTheFix() throws IOException {
        List<String> found = NativePlatforms.onClassPath(classPathWith("windows-x86_64", "linux-x86_64", "macosx-arm64"));
        assertEquals(List.of("linux-x86_64", "macosx-arm64", "windows-x86_64"), found);
        assertEquals("The class path holds ND4J's native libraries for 3 platforms [linux-x86_64, macosx-arm64, windows-x86_64] "
                + "(nd4j-native-platform brings every platform's, about 880 MB, unless the build names one). Add "
                + "-Djavacpp.platform=linux-x86_64 (your platform) to your Maven build, for instance in .mvn/maven.config, to download "
                + "and package only that.", NativePlatforms.advice(found, "linux-x86_64"));
    }

    /** Control: one platform, or none, needs no advice. */
    @Test
    void onePlatformOrNoneGivesNoAdvice() throws IOException {
        assertNull(NativePlatforms.advice(NativePlatforms.onClassPath(classPathWith()), "linux-x86_64"));
        assertNull(NativePlatforms.advice(NativePlatforms.onClassPath(classPathWith("linux-x86_64")), "linux-x86_64"));
    }

    /** This build names its platform (.mvn/maven.config): the test class path holds exactly this machine's natives. */
    @Test
    void thisBuildsClassPathHoldsOnlyThisPlatform() {
        assertEquals(List.of(NativePlatforms.current()), NativePlatforms.onClassPath(getClass().getClassLoader()));
    }

    @Test
    void currentPlatformIsJavaCppsName() {
        assertEquals(org.bytedeco.javacpp.Loader.getPlatform(), NativePlatforms.current());
    }
}
