package io.certlife.inventory.estate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.certlife.inventory.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Imports an estate file (JSON or YAML) in one transaction: everything or nothing. Each item is created
 * or updated through {@link EstateStore}, so that an item that did not change emits nothing, and
 * importing the same file twice changes nothing the second time.
 */
@ApplicationScoped
public class EstateImport {

    /** How many items each import created, updated or left unchanged. */
    public record Summary(Map<Change, Integer> items) {
    }

    @Inject
    EstateStore store;

    @Inject
    Teams teams;

    @Inject
    Sites sites;

    @Inject
    Servers servers;

    @Inject
    Namespaces namespaces;

    @Inject
    PublishingRules publishingRules;

    @Inject
    Bindings bindings;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper json;

    /** Parses a JSON or YAML estate file; the message of a failure names the line and field. */
    public EstateSpec parse(byte[] content, boolean yaml) {
        ObjectMapper mapper = (yaml ? new ObjectMapper(new YAMLFactory()) : json.copy())
                .findAndRegisterModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            EstateSpec spec = mapper.readValue(content, EstateSpec.class);
            if (spec == null) {
                throw Refusal.invalid("estate file is empty");
            }
            return spec;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw Refusal.invalid("estate file is not valid " + (yaml ? "YAML" : "JSON") + where + ": "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw Refusal.invalid("estate file cannot be read: " + e.getMessage());
        }
    }

    @Transactional
    public Summary apply(EstateSpec spec) {
        Set<ConstraintViolation<EstateSpec>> violations = validator.validate(spec);
        if (!violations.isEmpty()) {
            throw Refusal.invalid("estate file: " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        Map<Change, Integer> counts = new EnumMap<>(Change.class);
        spec.teams().forEach(t -> counts.merge(store.put(teams, t).change(), 1, Integer::sum));
        spec.sites().forEach(s -> counts.merge(store.put(sites, s).change(), 1, Integer::sum));
        spec.servers().forEach(s -> counts.merge(store.put(servers, s).change(), 1, Integer::sum));
        spec.namespaces().forEach(n -> counts.merge(store.put(namespaces, n).change(), 1, Integer::sum));
        spec.publishingRules().forEach(r -> counts.merge(store.put(publishingRules, r).change(), 1, Integer::sum));
        spec.bindings().forEach(b -> counts.merge(store.put(bindings, b).change(), 1, Integer::sum));
        return new Summary(counts);
    }
}
