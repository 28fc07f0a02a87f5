-- Finished slots are kept a while (SlotStore.prune) and then deleted; this index finds the old ones.
CREATE INDEX run_slots_finished_idx ON run_slots (updated_at) WHERE status <> 'pending';
