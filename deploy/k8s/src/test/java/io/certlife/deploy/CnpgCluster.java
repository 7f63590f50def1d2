package io.certlife.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * CloudNativePG's {@code Cluster}, as far as certlife sets it. CloudNativePG publishes no Java model or schema
 * artifact on the registries this build reaches (Maven Central), so this strict model of the fields certlife
 * uses stands in: a misspelt or unexpected field fails to bind, and a new field must be added here on purpose,
 * after checking it against https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/.
 */
record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(int instances, String imageName, Bootstrap bootstrap, Storage storage) {
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner) {
    }

    record Storage(String size, String storageClass) {
    }
}
