def test_favicon_is_served_where_browsers_ask_for_it(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age" in response["Cache-Control"]


def test_pages_link_the_scalable_icon(client, home_page):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "img/icon.svg" in html
