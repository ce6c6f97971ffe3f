-- A check (VERIFY, VERIFY_USERS task) that the ledger vouches for needs no read-back from TalkJS: it is inserted DONE
-- with vouched = true (DeliveryLedger.planVerification). The run's verification summary counts the two apart.
ALTER TABLE delivery_task ADD COLUMN vouched BOOLEAN NOT NULL DEFAULT FALSE;
