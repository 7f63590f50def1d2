package io.certlife.local;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real Chromium for the console's tests: Debian's {@code chromium} and {@code chromium-driver}, headless, driven by
 * Selenium (the driver is the installed one: nothing is downloaded). When either is missing the test fails naming the
 * package, as the README's test command installs both.
 */
final class Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** A headless Chromium with a window of {@code width} x {@code height}; {@code javascript} false turns scripts off. */
    static ChromeDriver start(int width, int height, boolean javascript) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the console's browser test needs " + CHROMIUM + " and " + DRIVER
                    + ": install the Debian packages chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-US"));
        if (!javascript) {
            options.addArguments("--blink-settings=scriptEnabled=false");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Waits up to {@code seconds} for a page whose {@code h1} reads {@code heading}. An element found on the page
     * before the next one replaced it is stale: it is looked for again.
     */
    static void awaitHeading(WebDriver browser, String heading, int seconds) {
        await().atMost(Duration.ofSeconds(seconds)).ignoreException(StaleElementReferenceException.class).until(() ->
                browser.findElements(By.tagName("h1")).stream().anyMatch(h -> h.getText().equals(heading)));
    }
}
