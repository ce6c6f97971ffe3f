package io.talkport.bundle.sendbird;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.JsonItems;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourceArchive;
import io.talkport.bundle.format.SourceFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sendbird's Platform API data export (as in TalkJS's Sendbird migration example): JSON files holding
 * {@code {"active_users": [...]}} (or {@code "users"}), {@code {"group_channels": [...]}} (or {@code "channels"}) and
 * {@code {"messages": [...]}}, in any folders and any number of files each. Files are told apart by their first key.
 * The field mapping is in {@link SendbirdReader}.
 */
public final class SendbirdFormat implements SourceFormat {

    /** A Sendbird data file and the key of its list. */
    record DataFile(String name, String key) {
    }

    /** The data files of one kind, in name order. */
    record DataFiles(List<DataFile> users, List<DataFile> channels, List<DataFile> messages) {
        boolean isEmpty() {
            return users.isEmpty() && channels.isEmpty() && messages.isEmpty();
        }
    }

    private static final Map<String, String> KINDS = Map.of("active_users", "users", "users", "users",
            "group_channels", "channels", "channels", "channels", "messages", "messages");
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String id() {
        return "sendbird";
    }

    @Override
    public String label() {
        return "Sendbird export";
    }

    @Override
    public int detect(SourceArchive archive) throws IOException {
        DataFiles files = dataFiles(archive);
        if (!files.channels().isEmpty() && !files.messages().isEmpty()) {
            return 2;
        }
        return files.isEmpty() ? 0 : 1;
    }

    @Override
    public void read(SourceArchive archive, RecordSink sink, CarryOver report) throws IOException {
        new SendbirdReader(new JsonItems(archive, sink), sink, report).read(dataFiles(archive));
    }

    /** Sorts the .json files by their first key; a file whose first key is none of ours is not a Sendbird file. */
    static DataFiles dataFiles(SourceArchive archive) throws IOException {
        DataFiles files = new DataFiles(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String name : archive.names()) {
            if (!name.endsWith(".json")) {
                continue;
            }
            String key = firstKey(archive, name);
            String kind = key == null ? null : KINDS.get(key);
            if (kind != null) {
                List<DataFile> list = switch (kind) {
                    case "users" -> files.users();
                    case "channels" -> files.channels();
                    default -> files.messages();
                };
                list.add(new DataFile(name, key));
            }
        }
        return files;
    }

    /** The first field name of a file holding an object whose value is an array, or null (reads a few bytes). */
    private static String firstKey(SourceArchive archive, String name) throws IOException {
        try (InputStream in = archive.open(name); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME) {
                return null;
            }
            String key = parser.currentName();
            return parser.nextToken() == JsonToken.START_ARRAY ? key : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
