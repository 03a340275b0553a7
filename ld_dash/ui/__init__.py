"""The only library code that imports Streamlit: caching, sidebar filters, cards, charts, downloads."""
