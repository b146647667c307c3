"""Models come with their issue; the app is installed now so the layout is complete."""
