package io.certlife.events;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event codec takes whatever a topic holds: it either decodes a certlife event or refuses with
 * {@link MalformedEventException} (which becomes a dead letter naming the reason). Any other exception is a finding.
 * Seeds: the golden events. README "Fuzzing" says how to run it longer.
 */
class EventCodecFuzzTest {

    static Stream<byte[]> seeds() throws IOException {
        try (Stream<Path> golden = Files.list(Path.of("golden"))) {
            return golden.sorted().map(file -> {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList().stream();
        }
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void decode(byte[] record) {
        try {
            EventCodec.decode(new String(record, StandardCharsets.UTF_8));
        } catch (MalformedEventException refused) {
            // the one way to say no
        }
    }
}
