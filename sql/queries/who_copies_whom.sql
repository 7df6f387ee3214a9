-- Who copies whom: per pair of outlets, how many stories one published after the other
-- first did (wire copies, mirrors, trimmed and re-headlined copies), and the credits the
-- copies gave.
SELECT copier, origin_outlet, copies, stories, credited, credits,
       first_copy::DATE AS first_copy, last_copy::DATE AS last_copy
FROM who_copies_whom
ORDER BY copies DESC, copier;
