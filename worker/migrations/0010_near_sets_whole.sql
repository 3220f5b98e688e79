-- Each indexed version's whole bigram set beside its prefix (issue 13, "flat as the county
-- grows"): on a county written from templates, the pairs the probe hits twice in the prefixes
-- grow with the county (4,000 for a 60-row ledger in a county of 100,000, 60 of them similar), and
-- 0008's checks from the prefix alone passed a thousand of them to the core. With the whole set
-- the Worker counts a pair's common bigrams exactly (worker/near-pair-check.ts): the core is
-- offered what it can match, however large the county.

-- bigrams: a JSON array of every bigram of the version's set as its near_bigrams.seq (every
-- bigram of a stored set has one), seq descending. NULL for versions indexed before 0010: their
-- pairs are checked from the prefix as 0008 did (a superset, never one fewer) until a submission
-- fills it in. The triggers of 0008 drop the row, this column with it.
ALTER TABLE near_sets ADD COLUMN bigrams TEXT;

-- Those versions get their whole sets a few thousand per submission (worker/near-candidates.ts),
-- found through this index while any is missing (an empty index once every one has its set).
CREATE INDEX near_sets_whole_missing ON near_sets (version_id) WHERE bigrams IS NULL;
