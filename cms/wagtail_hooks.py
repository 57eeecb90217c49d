from wagtail import hooks

from .pagecache import policy


@hooks.register("before_serve_page")
def mark_cacheable(page, request, serve_args, serve_kwargs):
    policy.mark(request, page, serve_args)
