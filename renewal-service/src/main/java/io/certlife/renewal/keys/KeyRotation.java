package io.certlife.renewal.keys;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * KEK rotation: re-wraps every data key still wrapped by an earlier KEK with the current one, in pages of one
 * transaction each; key ciphertexts are not touched. Run after deploying the new KEK as {@code certlife.keys.kek}
 * (with a new {@code kek-id}) and the old one under {@code certlife.keys.previous-keks.<old-id>}; once it reports
 * nothing remaining, the old KEK can be removed.
 */
@ApplicationScoped
public class KeyRotation {

    private static final int PAGE = 200;

    /** What a rotation did: how many data keys it re-wrapped and how many still use another KEK (0 when done). */
    public record Result(String kekId, int rewrapped, long remaining) {
    }

    @Inject
    KeyVault vault;

    public Result rotate() {
        String current = vault.currentKekId();
        int rewrapped = 0;
        while (true) {
            int page = QuarkusTransaction.requiringNew().call(() -> {
                List<PrivateKeyRecord> stale = PrivateKeyRecord.find("kekId <> ?1", current).page(0, PAGE).list();
                for (PrivateKeyRecord record : stale) {
                    KeyVault.SealedKey fresh = vault.rewrap(record.id, record.sealed());
                    record.kekId = fresh.kekId();
                    record.wrappedDataKey = fresh.wrappedDataKey();
                }
                return stale.size();
            });
            rewrapped += page;
            if (page < PAGE) {
                break;
            }
        }
        long remaining = QuarkusTransaction.requiringNew().call(() -> PrivateKeyRecord.count("kekId <> ?1", current));
        return new Result(current, rewrapped, remaining);
    }
}
