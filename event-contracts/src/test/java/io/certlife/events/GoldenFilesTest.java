package io.certlife.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The golden files are the contract a non-Java consumer reads: every catalogue entry has one, it decodes
 * to the expected record, and encoding that record gives the same JSON back.
 */
class GoldenFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path golden(EventType type) {
        return Path.of("golden", type.type() + ".json");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenFileDecodesToTheSampleAndEncodesBackToTheSameJson(EventType type) throws IOException {
        Path file = golden(type);
        assertThat(file).as("golden file for " + type).exists();
        String json = Files.readString(file);

        CloudEvent<?> decoded = EventCodec.decode(json);

        assertThat(decoded.eventType()).isEqualTo(type);
        assertThat(decoded).isEqualTo(GoldenSamples.event(type));
        assertThat(JSON.readTree(EventCodec.encode(decoded))).isEqualTo(JSON.readTree(json));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void additionsInsideAVersionAreIgnoredByOlderReaders(EventType type) throws IOException {
        ObjectNode envelope = (ObjectNode) JSON.readTree(Files.readString(golden(type)));
        envelope.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        ((ObjectNode) envelope.get("data")).put("fieldAddedLater", "v1.1");

        CloudEvent<?> decoded = EventCodec.decode(envelope.toString());

        assertThat(decoded.data()).isEqualTo(GoldenSamples.event(type).data());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventTypesNameTheirVersionAndGoldenFilesAreCloudEvents(EventType type) throws IOException {
        assertThat(type.type()).startsWith("io.certlife.").matches(".*\\.v[0-9]+$");
        assertThat(type.dataClass().getSimpleName()).endsWith("V" + type.type().replaceAll(".*\\.v", ""));
        JsonNode envelope = JSON.readTree(Files.readString(golden(type)));
        assertThat(envelope.get("specversion").asText()).isEqualTo("1.0");
        assertThat(envelope.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(envelope.get("time").asText()).isEqualTo("2026-11-22T08:00:00Z");
    }
}
