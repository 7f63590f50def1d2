package io.certlife.notifier.rest;

import io.certlife.notifier.Refusal;
import java.util.Arrays;

/** Query parameters that name an enum constant: a 400 naming the parameter and the allowed values otherwise. */
final class QueryParams {

    private QueryParams() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("unknown " + name + " '" + value + "' (one of " + Arrays.toString(type.getEnumConstants()) + ")");
        }
    }
}
