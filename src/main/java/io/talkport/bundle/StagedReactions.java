package io.talkport.bundle;

import io.talkport.bundle.format.CarryOver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * After the cross-checks: reactions whose user is not a participant of the message's conversation are marked invalid
 * (TalkJS only lets participants react; the sandbox answers 400 NOT_A_PARTICIPANT) and counted in the carry-over
 * report as lost, with examples; the others are counted as re-added at the time of the import. Runs in the staging
 * transaction, as SQL over the job's rows, so memory does not grow with the export.
 */
final class StagedReactions {

    static final String READDED = "Reactions are re-added after the import, at the time of the import (TalkJS keeps no "
            + "reaction time), through TalkJS's reactions endpoint; those of messages that are not imported are not.";
    static final String NOT_PARTICIPANT = "Reactions by users who are not participants of the conversation cannot be "
            + "re-added (TalkJS lets only participants react).";

    private StagedReactions() {
    }

    static void check(Connection connection, long jobId, CarryOver report) throws SQLException {
        List<String> examples = new ArrayList<>();
        long refused = 0;
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE staged_reaction r SET valid = false
                WHERE r.job_id = ? AND r.valid AND NOT EXISTS (SELECT 1 FROM staged_participant p
                  WHERE p.job_id = r.job_id AND p.conversation_id = r.conversation_id AND p.user_id = r.user_id)
                RETURNING r.conversation_id, r.emoji, r.user_id""")) {
            statement.setLong(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    refused++;
                    if (examples.size() < CarryOver.EXAMPLES) {
                        examples.add(rs.getString(2) + " by " + rs.getString(3) + " in " + rs.getString(1));
                    }
                }
            }
        }
        report.add(CarryOver.Outcome.LOST, "REACTION_NOT_PARTICIPANT", NOT_PARTICIPANT, refused, examples);
        report.add(CarryOver.Outcome.CHANGED, "REACTION", READDED, readded(connection, jobId), List.of());
    }

    private static long readded(Connection connection, long jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM staged_reaction WHERE job_id = ? AND valid")) {
            statement.setLong(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
