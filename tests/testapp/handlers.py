from .models import MemoApproval

HANDLERS = [MemoApproval()]
