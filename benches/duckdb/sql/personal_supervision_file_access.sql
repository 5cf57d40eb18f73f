-- personal_supervision_file_access: access personal_supervision, agreement, appraisal records.
-- docs/semantics.md §6. Each access in the period (its local date) to a record of those kinds
-- must match a grant on its role (the log's role) and purpose; the relationships are read from
-- the record's subject's staff row (no history: the snapshot is in force on every day), and an
-- empty step names no one. No `deny`, no notice: a breach is an access no grant allows.
SELECT 'personal_supervision_file_access' AS rule, 'breach' AS status, a.id AS subject,
       NULL::DATE AS window_start, NULL::DATE AS window_end
FROM access_log a
JOIN records r ON r.id = a.record
LEFT JOIN staff s ON s.id = r.subject
LEFT JOIN staff sup ON sup.id = s.supervisor, period
WHERE r.kind IN ('personal_supervision', 'agreement', 'appraisal')
  AND a.accessed::DATE BETWEEN period.from_day AND period.last_day
  -- coalesce: a comparison with an empty reference is NULL, which matches no grant.
  AND NOT coalesce(
        a.accessed_by = r.subject
     OR (a.purpose = 'supervision'
         AND (a.accessed_by = s.supervisor OR a.accessed_by = s.line_manager
              OR a.accessed_by = sup.line_manager))
     OR (a.role = 'administration_officer' AND a.purpose = 'typing')
     OR (a.role IN ('service_manager', 'head_of_service', 'director')
         AND a.purpose = 'quality_assurance')
     OR (a.role = 'investigating_officer' AND a.purpose IN ('disciplinary', 'complaints'))
     OR (a.role = 'inspector' AND a.purpose = 'inspection'),
     false);
