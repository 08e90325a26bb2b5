from django.apps import AppConfig


class DemoSiteConfig(AppConfig):
    """The demo site's own commands (demo_users). The label "statuskb" is the codes app's."""

    name = "statuskb"
    label = "statuskb_demo"
