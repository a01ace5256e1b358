package org.rnn4j.core;

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

/** rnn-core's main code needs nothing but rnn-api and the JDK: no backend at compile time. */
class ModuleDescriptorTest {
    @Test
    void requiresOnlyTheApi() throws IOException, URISyntaxException {
        Path classes = Path.of(Rnn.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertEquals("org.rnn4j.core", d.name());
            assertEquals(Set.of("java.base", "org.rnn4j.api"), d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
            assertEquals(Set.of("org.rnn4j.core", "org.rnn4j.core.cell", "org.rnn4j.core.forecast", "org.rnn4j.core.layer"), d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        }
    }
}
