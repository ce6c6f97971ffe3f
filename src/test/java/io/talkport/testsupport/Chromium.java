package io.talkport.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A headless Debian Chromium driven through the system's chromedriver. Both paths are given explicitly so that
 * Selenium Manager never tries to download a browser or driver (CI has no internet). Each instance has a fresh
 * profile; {@link #close()} quits the browser and deletes it. Screenshots go to {@code target/screenshots/}.
 */
public final class Chromium implements AutoCloseable {

    public static final String BINARY = System.getProperty("talkport.chromium", "/usr/bin/chromium");
    public static final String DRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final String testName;
    private int shots;

    private Chromium(WebDriver driver, Path profile, String baseUrl, String testName) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.testName = testName;
    }

    /** Starts a browser for the app at {@code baseUrl}; {@code testName} prefixes its screenshots. */
    public static Chromium start(URL baseUrl, String testName) {
        System.setProperty("webdriver.chrome.driver", DRIVER);
        try {
            Path profile = Files.createTempDirectory("talkport-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1366,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
            return new Chromium(new ChromeDriver(service, options), profile, baseUrl.toString(), testName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when both binaries exist; browser tests are skipped (not failed) without them. */
    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(baseUrl + path);
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getRawPath();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Waits until the element's text contains {@code text}; returns the element. The element is looked up again on
     * every poll: htmx swaps it while the page refreshes, and when that happens between the lookup and the read,
     * ChromeDriver answers "Node with given id does not belong to the document" (a plain WebDriverException, not a
     * stale reference), which only means "look again".
     */
    public WebElement awaitText(By by, String text, Duration timeout) {
        waiting(timeout).until(d -> {
            try {
                return d.findElement(by).getText().contains(text);
            } catch (org.openqa.selenium.NoSuchElementException e) {
                return false;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return false;
                }
                throw e;
            }
        });
        return driver.findElement(by);
    }

    /** Logs in through the login form as a test user and waits for the job list. */
    public void logIn(String user) {
        open("/login");
        find(By.id("j_username")).sendKeys(user);
        find(By.id("j_password")).sendKeys(TestUsers.passwordOf(user));
        find(By.id("login-button")).click();
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/jobs$"));
    }

    /** Saves a PNG as target/screenshots/{test}-{nn}-{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", testName, ++shots, name));
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.move(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary profile is harmless.
        }
    }
}
