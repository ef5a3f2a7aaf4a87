"""Attribution from a dependency parse: speech events, their sources resolved to speakers, per article."""
