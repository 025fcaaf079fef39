"""The documents police and courts use, drafted from her log: the witness statement (MG11
layout), the breach report for one order and the impact summary for a Victim Personal
Statement. Drafts she or an officer edits; `services` is the entry point.
"""
