package io.talkport.bundle.slack;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens are what {@code <([^<>]*)>} finds, also where a '<' or '>' stands alone; entities are decoded once. */
class SlackMarkupTest {

    private final SlackMarkup markup = new SlackMarkup(Map.of("U1", "Ann"), Map.of("C1", "general"));

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "a <@U1> b                      => a @Ann b",
        "<@U2> unknown id               => @U2 unknown id",
        "\"x < y > z\"                  => \"x  y  z\"",
        "<a<@U1>                        => <a@Ann",
        "1 < 2                          => 1 < 2",
        "a > b <@U1                     => a > b <@U1",
        "&lt;@U1&gt; &amp;lt;           => <@U1> &lt;",
        "<https://x.example/?a=1&amp;b=2|the &lt;page&gt;> => the <page> (https://x.example/?a=1&b=2)",
        "<#C1> <#C9|random> <!here> <!subteam^S1|@team> => #general #random @here @team",
        "<mailto:a@b.example|a@b.example> => a@b.example",
        "\"<>x\"                        => x",
        "plain text                     => plain text"})
    void tokensAndEntitiesBecomeReadableText(String source, String text) {
        assertThat(markup.toText(source)).isEqualTo(text);
    }
}
