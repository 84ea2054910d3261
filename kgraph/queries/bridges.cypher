// Entities that bridge documents: linked to entities that appear in many different documents.
// (A portable stand-in for betweenness; Ladybug's algorithm extension needs a download.)
// Runs on: Ladybug and Neo4j.
// @param min_documents = 2
MATCH (e:Entity)-[:CO_MENTIONED]-(n:Entity)<-[:MENTIONS]-(a:Article)
WITH e, count(DISTINCT a.doc_id) AS documents_reached, count(DISTINCT n) AS neighbours
WHERE documents_reached >= $min_documents
RETURN e.name AS name, e.type AS type, documents_reached, neighbours
ORDER BY documents_reached DESC, neighbours DESC, name
LIMIT 20
