"""The pack's palette, shared by the HTML and PDF layouts."""

# Government Analysis Function palette (as the charts use)
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY = "#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D"
TEXT, SECONDARY, RULE, PALE = "#0B0C0C", "#505A5F", "#B1B4B6", "#F3F2F1"
