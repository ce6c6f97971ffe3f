package io.talkport.testsupport;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that logged in through the login form: it keeps its cookies (session and CSRF) and reads the CSRF
 * token from the pages, like talkport.js does.
 */
public final class BrowserSession {

    public static final String SESSION_COOKIE = "quarkus-credential";
    private static final Pattern META_TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    private final Map<String, String> cookies = new HashMap<>();

    private BrowserSession() {
    }

    /** Logs in through the form; fails the test unless the login succeeded. */
    public static BrowserSession login(String user) {
        BrowserSession session = new BrowserSession();
        Response response = given().auth().none().redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", TestUsers.passwordOf(user))
                .when().post("/j_security_check");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.header("Location")).endsWith("/jobs");
        session.keep(response);
        assertThat(session.cookies).containsKey(SESSION_COOKIE);
        return session;
    }

    /** A request with this browser's cookies and nothing else (no Basic credentials, no redirects followed). */
    public RequestSpecification request() {
        return given().auth().none().redirects().follow(false).cookies(cookies);
    }

    public Response get(String path) {
        Response response = request().when().get(path);
        keep(response);
        return response;
    }

    /** Opens the page and returns the CSRF token of its meta tag. */
    public String csrfToken(String page) {
        Response response = get(page);
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = META_TOKEN.matcher(response.body().asString());
        assertThat(matcher.find()).as("csrf-token meta tag on " + page).isTrue();
        return matcher.group(1);
    }

    public void keep(Response response) {
        response.detailedCookies().asList().forEach(cookie -> {
            if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        });
    }

    /** A copy of the cookies this browser holds now (as someone who copied them would have them). */
    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    public boolean hasCookie(String name) {
        return cookies.containsKey(name);
    }
}
