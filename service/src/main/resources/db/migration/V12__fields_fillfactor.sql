-- Room on every page of the field tables for updated row versions. Nearly every row a refresh folds replaces a
-- stored field (an edit re-stamps the fields it carries), and a page filled to the brim (a rebuild writes them
-- that way) leaves no room: each update then goes to another page and adds a new entry to the primary key, while
-- an update on the same page (HOT) touches no index. Measured at rest (BENCHMARKS.md, Cost at rest): with full
-- pages 85 of 28,972 updates were HOT. A rebuild and later inserts keep the free space; pages written before this
-- migration gain it when the projection is next folded again.
ALTER TABLE mission_fields SET (fillfactor = 70);
ALTER TABLE agent_fields SET (fillfactor = 70);
