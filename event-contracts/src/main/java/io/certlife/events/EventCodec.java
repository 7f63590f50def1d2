package io.certlife.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Encodes events to CloudEvents 1.0 structured-mode JSON and decodes them back. Decoding tolerates
 * unknown attributes and data fields (additive changes inside a version) and rejects everything else
 * with a {@link MalformedEventException} naming the problem. Thread-safe.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // TopologyChanged has before or after, not always both; an entity kind added later reads as neither
            .disable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
            .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventCodec() {
    }

    public static String encode(CloudEvent<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
    }

    public static CloudEvent<?> decode(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException(MalformedEventException.INVALID_JSON, "empty record");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(MalformedEventException.INVALID_JSON,
                    "not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(tree instanceof ObjectNode envelope)) {
            throw new MalformedEventException(MalformedEventException.INVALID_JSON, "not a JSON object");
        }
        String specversion = requiredText(envelope, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new MalformedEventException(MalformedEventException.UNSUPPORTED_SPEC_VERSION,
                    "specversion " + specversion + " is not " + CloudEvent.SPEC_VERSION);
        }
        String id = requiredText(envelope, "id");
        String source = requiredText(envelope, "source");
        String type = requiredText(envelope, "type");
        EventType eventType = EventType.fromType(type).orElseThrow(() -> new MalformedEventException(
                MalformedEventException.UNKNOWN_EVENT_TYPE, "type " + type + " is not in the catalogue"));
        Instant time = parseTime(requiredText(envelope, "time"));
        JsonNode dataNode = envelope.get("data");
        if (dataNode == null || !dataNode.isObject()) {
            throw new MalformedEventException(MalformedEventException.MISSING_ATTRIBUTE, "data object missing");
        }
        EventData data;
        try {
            data = MAPPER.treeToValue(dataNode, eventType.dataClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new MalformedEventException(MalformedEventException.INVALID_DATA,
                    "data of " + type + " is invalid (" + rootMessage(e, detail) + ")");
        }
        JsonNode subject = envelope.get("subject");
        JsonNode contentType = envelope.get("datacontenttype");
        return new CloudEvent<>(specversion, id, source, type, subject == null ? null : subject.asText(), time,
                contentType == null ? CloudEvent.JSON : contentType.asText(), data);
    }

    private static String requiredText(ObjectNode envelope, String attribute) {
        JsonNode node = envelope.get(attribute);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new MalformedEventException(MalformedEventException.MISSING_ATTRIBUTE,
                    "attribute '" + attribute + "' missing or not a string");
        }
        return node.asText();
    }

    private static Instant parseTime(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(MalformedEventException.MISSING_ATTRIBUTE,
                    "attribute 'time' is not an RFC 3339 timestamp: " + text);
        }
    }

    private static String rootMessage(Throwable e, String fallback) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? fallback : root.getMessage();
    }
}
