import pytest

@pytest.mark.django_db
def test_smoke(lake, client):
    from gdip.datacenter import queries
    from gdip.datacenter.engines import get_engine
    e = get_engine()
    print(queries.headline_figures(e))
    for url in ["/", "/en/", "/patents/", "/trademarks/", "/patents/?city=440300&year_from=2019", "/patents/?year=abc"]:
        r = client.get(url)
        print(url, r.status_code)
        if r.status_code >= 500: print(r.content.decode()[:3000])
