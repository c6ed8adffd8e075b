"""The relation readers by family of fact types; kg.nlp.relations combines them."""
