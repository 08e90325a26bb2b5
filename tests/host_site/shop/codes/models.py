from django.db import models


class Vendor(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        permissions = [("publish_vendor", "Can publish vendors")]

    def __str__(self):
        return self.name
