package io.certlife.inventory.rest;

import io.certlife.inventory.Refusal;
import io.certlife.inventory.estate.Change;
import io.certlife.inventory.estate.EstateStore;
import jakarta.ws.rs.core.Response;

/** How every estate resource answers a PUT: 201 with what is stored when it was created, 200 otherwise. */
final class EstateResponses {

    private EstateResponses() {
    }

    static Response written(EstateStore.Written<?> written) {
        return Response.status(written.change() == Change.CREATED ? Response.Status.CREATED : Response.Status.OK)
                .entity(written.stored()).build();
    }

    /** A PUT names its entity twice, in the path and in the body: they must agree. */
    static void requireSame(String field, String inPath, String inBody) {
        if (!inPath.equals(inBody)) {
            throw Refusal.invalid(field + " in the body (" + inBody + ") differs from the path (" + inPath + ")");
        }
    }
}
