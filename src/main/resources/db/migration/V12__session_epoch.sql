-- Sessions that can end (io.talkport.security.SessionEpochs): logging out raises the user's epoch, and every browser
-- session issued in an earlier epoch is refused from then on, on every instance sharing this database.
CREATE TABLE session_epoch (
    username   TEXT        PRIMARY KEY,
    epoch      BIGINT      NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
