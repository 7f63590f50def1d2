package io.certlife.inventory.estate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.inventory.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The estate file reader (YAML or JSON from an operator or a script): an estate or a {@link Refusal} naming the line
 * and field, nothing else. The first input byte chooses YAML or JSON. Seeds are small estate files written here.
 */
class EstateFileFuzzTest {

    private final EstateImport estate = new EstateImport();

    EstateFileFuzzTest() {
        estate.json = new ObjectMapper();
    }

    static Stream<byte[]> seeds() {
        String yaml = """
                teams: [{name: Messaging, email: messaging@contoso.com}]
                sites: [{name: Berlin, timeZone: Europe/Berlin}]
                servers:
                  - {fqdn: hub01.contoso.com, site: Berlin, roles: [HUB_TRANSPORT], os: WINDOWS_2008_R2, address: 10.0.0.5}
                namespaces: [{name: mail.contoso.com, clientProfiles: [OUTLOOK_ANYWHERE]}]
                bindings: [{server: hub01.contoso.com, service: SMTP, thumbprint: 0123456789abcdef0123456789abcdef01234567}]
                """;
        String json = """
                {"sites":[{"name":"Berlin","timeZone":"Europe/Berlin"}],
                 "servers":[{"fqdn":"cas01.contoso.com","site":"Berlin","roles":["CLIENT_ACCESS"],"internetFacing":true}]}""";
        String aliases = "a: &a [x, x]\nb: &b [*a, *a]\nteams: [*b, *b]\n";
        return Stream.of("Y" + yaml, "J" + json, "Y" + aliases).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        try {
            estate.parse(content, input[0] != 'J');
        } catch (Refusal refused) {
            // the one way to say no
        }
    }
}
