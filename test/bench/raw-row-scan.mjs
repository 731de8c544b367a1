// The export benchmark's baseline: reads the same participant rows straight
// from SQLite with better-sqlite3 and does nothing with them, then prints
// `rows N` and the peak resident memory on stderr.
import Database from 'better-sqlite3';

const db = new Database(process.argv[2], { readonly: true });
let rows = 0;
for (const row of db
  .prepare(
    `SELECT p.*, a.arm, e.exposed_at, d.values_json, d.decided_at FROM participants p
     JOIN assignments a USING (experiment_key, participant_id)
     LEFT JOIN exposures e USING (experiment_key, participant_id)
     LEFT JOIN decisions d USING (experiment_key, participant_id)
     WHERE p.experiment_key = ? ORDER BY p.entered_at, p.participant_id`,
  )
  .iterate(process.argv[3])) {
  if (row) rows += 1;
}
process.stderr.write(`rows ${rows}\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
