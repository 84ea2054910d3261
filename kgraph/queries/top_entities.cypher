// Entities with the most co-mention links (degree) and the heaviest total weight.
// Runs on: Ladybug and Neo4j.
// @param limit_types = ["ORG", "PERSON", "PLACE", "PROGRAM", "POLICY"]
MATCH (e:Entity)-[c:CO_MENTIONED]-(:Entity)
WHERE e.type IN $limit_types
RETURN e.name AS name, e.type AS type, count(c) AS degree, sum(c.weight) AS strength
ORDER BY strength DESC, degree DESC, name
LIMIT 25
