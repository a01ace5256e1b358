package org.rnn4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compiled module-info exports the API, the SPI and the backend authors' kit, and declares the service it uses. */
class ModuleDescriptorTest {
    @Test
    void exportsApiSpiAndKitAndUsesBackendProvider() throws IOException, URISyntaxException {
        // Read rnn-api's own descriptor: a class-path lookup of "/module-info.class" finds the JDK's first.
        Path classes = Path.of(Backends.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertEquals("org.rnn4j.api", d.name());
            assertEquals(Set.of("org.rnn4j.api", "org.rnn4j.spi", "org.rnn4j.spi.kit"),
                    d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
            assertEquals(Set.of(BackendProvider.class.getName()), d.uses());
            assertEquals(Set.of("java.base"), d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        }
    }
}
