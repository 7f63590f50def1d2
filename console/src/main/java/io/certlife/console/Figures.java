package io.certlife.console;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;

/** How pages write a computed figure: {@code {hours.oneDecimal}} is {@code 12.5}. */
@TemplateExtension
public class Figures {

    static String oneDecimal(Double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
