-- A slot can end without an iteration because the server must not plan it (SPEC §21.2: title and objective are
-- both ciphertext). It stays finished until the mission's nextRunAt changes, which is a new slot.
ALTER TABLE run_slots DROP CONSTRAINT run_slots_status_check;
ALTER TABLE run_slots ADD CONSTRAINT run_slots_status_check
    CHECK (status IN ('pending', 'done', 'failed', 'superseded', 'skipped'));
