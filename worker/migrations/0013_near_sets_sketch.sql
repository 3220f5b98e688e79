-- Each indexed version's 128-bit bigram sketch beside its whole set (issue 13, "flat as the
-- county grows"): at 100,000 items a 60-row ledger's probe keeps ~3,500 (item, version) pairs
-- hit twice in the prefixes, ~110 of them similar, and read every one's whole set (0010) to count
-- their common bigrams. The sketch (shared/bigram-sketch.ts: one bit per bigram, the bit of its
-- seq mixed as the core mixes its bigram numbers) bounds the common bigrams from above; on the
-- bench's county it turns down ~95 % of those pairs, so only the rest need their whole sets.

-- sketch: 16 bytes, the four 32-bit words of the sketch, each little-endian (worker/near-sketch.ts).
-- NULL for versions indexed before 0013 (and before 0010): their pairs go on to the whole set (or
-- the prefix) as before, never dropped by a sketch they lack. A submission gives a few thousand of
-- them theirs in its batch, computed from their whole sets (worker/near-candidates.ts), as 0010's
-- whole sets were filled. The triggers of 0008 drop the row, this column with it.
ALTER TABLE near_sets ADD COLUMN sketch BLOB;

-- The versions with a whole set still without a sketch, found through this index (an empty index
-- once every one has its sketch; versions indexed before 0010 get theirs with their whole set).
CREATE INDEX near_sets_sketch_missing ON near_sets (version_id) WHERE sketch IS NULL AND bigrams IS NOT NULL;

-- The probe reads the survivors' sizes and sketches by version id (worker/db/near-survivors.ts):
-- this index holds them densely (~30 bytes an entry, ~3 MB at 100,000 versions, where the table's
-- rows carry both sets), so those lookups touch a few pages, not one each (SQLite's time for 3,500
-- of them in workerd: 8 ms against 14 ms through the table).
CREATE INDEX near_sets_sketch ON near_sets (version_id, size, sketch);
