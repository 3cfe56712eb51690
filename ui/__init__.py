"""Shared building blocks of the dashboard: data loading, filters, figures, texts."""
