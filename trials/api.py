from ninja import NinjaAPI

api = NinjaAPI(title="Radioligand trials dashboard API", version="1")
