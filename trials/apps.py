from django.apps import AppConfig


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = "Curated trials"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from .caching import bump_version
        from .models.ownership import refuse_move
        from .validation import CURATED_MODELS

        # Any change to curated data makes every cached page stale.
        for model in CURATED_MODELS:
            post_save.connect(bump_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"unbump-{model.__name__}")
            pre_save.connect(refuse_move, sender=model, dispatch_uid=f"stay-{model.__name__}")
