"""Day timelines as SVG: on screen, or for paper (the summary PDF)."""

from django import template

from tracker.timeline_svg import day_timeline_svg, paper_swatch, paper_timeline_svg

register = template.Library()

register.filter("timeline_svg", day_timeline_svg)
register.filter("paper_timeline_svg", paper_timeline_svg)
register.filter("paper_swatch", paper_swatch)
