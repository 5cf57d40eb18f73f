-- Loads the generator's CSV exports with explicit types (docs/records.md), only the tables and
-- columns the seven rules read, as `sup eval` does. `{dir}` is the export's directory.
-- Naive datetimes stay TIMESTAMP (local wall-clock time in the policy's timezone): every
-- comparison below is between two local times, as sup compares instants read in one zone.
CREATE TABLE staff AS
SELECT id, role,
       -- `set of` cells: values separated by `;` (or `|`), spaces trimmed; empty is the empty set.
       list_filter(list_transform(regexp_split_to_array(coalesce(tags, ''), '[;|]'),
                                  lambda t: trim(t)), lambda t: t <> '') AS tags,
       start_date, end_date, line_manager, supervisor, supervisor_since
FROM read_csv('{dir}/staff.csv', header = true, auto_detect = false,
    columns = {'id': 'VARCHAR', 'role': 'VARCHAR', 'team': 'VARCHAR', 'level': 'DOUBLE',
               'tags': 'VARCHAR', 'registrations': 'VARCHAR', 'fte': 'DOUBLE',
               'caseload': 'DOUBLE', 'start_date': 'DATE', 'end_date': 'DATE',
               'line_manager': 'VARCHAR', 'supervisor': 'VARCHAR',
               'supervisor_since': 'DATE', 'asye_assessor': 'VARCHAR',
               'placement_days': 'DOUBLE'});

CREATE TABLE sessions AS
SELECT id, supervisee, kind, status, start, signed_by_supervisee
FROM read_csv('{dir}/sessions.csv', header = true, auto_detect = false,
    timestampformat = '%Y-%m-%dT%H:%M',
    columns = {'id': 'VARCHAR', 'supervisee': 'VARCHAR', 'supervisor': 'VARCHAR',
               'kind': 'VARCHAR', 'status': 'VARCHAR', 'start': 'TIMESTAMP',
               'duration': 'INTEGER', 'recorded': 'TIMESTAMP',
               'signed_by_supervisor': 'TIMESTAMP', 'signed_by_supervisee': 'TIMESTAMP'});

CREATE TABLE case_decisions AS
SELECT id, decided, recorded
FROM read_csv('{dir}/case_decisions.csv', header = true, auto_detect = false,
    timestampformat = '%Y-%m-%dT%H:%M',
    columns = {'id': 'VARCHAR', 'case': 'VARCHAR', 'decided_by': 'VARCHAR',
               'decided': 'TIMESTAMP', 'recorded': 'TIMESTAMP'});

CREATE TABLE records AS
SELECT id, subject, kind, deleted
FROM read_csv('{dir}/records.csv', header = true, auto_detect = false,
    columns = {'id': 'VARCHAR', 'subject': 'VARCHAR', 'kind': 'VARCHAR',
               'created': 'DATE', 'deleted': 'DATE'});

CREATE TABLE access_log AS
SELECT id, record, accessed_by, role, purpose, accessed
FROM read_csv('{dir}/access_log.csv', header = true, auto_detect = false,
    timestampformat = '%Y-%m-%dT%H:%M',
    columns = {'id': 'VARCHAR', 'record': 'VARCHAR', 'accessed_by': 'VARCHAR',
               'role': 'VARCHAR', 'purpose': 'VARCHAR', 'accessed': 'TIMESTAMP',
               'subject_notified': 'TIMESTAMP'});

CREATE TABLE waivers AS
SELECT id, waived_rule, subject, approved_by, granted, expires
FROM read_csv('{dir}/waivers.csv', header = true, auto_detect = false,
    columns = {'id': 'VARCHAR', 'waived_rule': 'VARCHAR', 'subject': 'VARCHAR',
               'approved_by': 'VARCHAR', 'reason': 'VARCHAR', 'granted': 'DATE',
               'expires': 'DATE'});
