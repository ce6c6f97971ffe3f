-- TalkJS's own createdAt of a conversation Talkport wrote, learned from the first plan that lists it and vouches for
-- it (DeliveryPlanner). Later plans compare TalkJS's listing with TalkJS's own earlier answer, not with our clock.
ALTER TABLE app_record_conversation ADD COLUMN talkjs_created_at BIGINT;
