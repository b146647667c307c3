"""Secretary pages of the societies app: profile, volunteers, brands."""

import pytest
from django.urls import reverse

from societies.models import Brand, Volunteer
from tests.factories import BrandFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

SECRETARY_URLS = [
    ("societies:society_detail", False),
    ("societies:society_edit", False),
    ("societies:volunteer_list", False),
    ("societies:volunteer_create", False),
    ("societies:volunteer_update", True),
    ("societies:volunteer_delete", True),
    ("societies:brand_list", False),
    ("societies:brand_create", False),
    ("societies:brand_update", True),
    ("societies:brand_delete", True),
]


@pytest.mark.parametrize(("name", "takes_pk"), SECRETARY_URLS)
def test_secretary_page_anonymous_redirects_to_login(client, name, takes_pk):
    url = reverse(name, args=[1] if takes_pk else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "takes_pk"), [u for u in SECRETARY_URLS if not u[1]])
def test_secretary_page_staff_forbidden(staff_client, name, takes_pk):
    assert staff_client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(("name", "takes_pk"), SECRETARY_URLS)
def test_secretary_page_wrong_method_405(client_a, secretary_a, name, takes_pk):
    pk = VolunteerFactory(society=secretary_a.society).pk if "volunteer" in name else None
    pk = BrandFactory(society=secretary_a.society).pk if "brand" in name else pk
    url = reverse(name, args=[pk] if takes_pk else [])
    assert client_a.put(url).status_code == 405
    assert client_a.delete(url).status_code == 405


def test_society_detail_shows_own_society(client_a, society_a):
    response = client_a.get(reverse("societies:society_detail"))
    assert response.status_code == 200
    assert society_a.name in response.content.decode()


def test_society_edit_saves_allowed_fields_only(client_a, society_a):
    data = {
        "short_name": "物理",
        "discipline": "science",
        "president": "新理事长",
        "member_count": 500,
        "contact_email": "new@example.org",
        # tampering: fields the association keeps
        "name": "改名学会",
        "level": "city",
        "city": "guilin",
        "is_active": "",
    }
    response = client_a.post(reverse("societies:society_edit"), data)
    assert response.status_code == 302
    society_a.refresh_from_db()
    assert society_a.president == "新理事长" and society_a.member_count == 500
    assert society_a.name == "广西物理学会" and society_a.level == "region" and society_a.city == "nanning"
    assert society_a.is_active


def test_society_edit_bad_input_shows_chinese_error_and_saves_nothing(client_a, society_a):
    response = client_a.post(
        reverse("societies:society_edit"), {"discipline": "science", "member_count": -3, "contact_email": "bad"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "输入一个有效的 Email 地址" in body and "确保该值大于或等于0" in body
    society_a.refresh_from_db()
    assert society_a.member_count == 100


def test_volunteer_list_shows_only_own_society(client_a, society_a, society_b):
    VolunteerFactory(society=society_a, name="本会志愿者")
    VolunteerFactory(society=society_b, name="外会志愿者")
    body = client_a.get(reverse("societies:volunteer_list")).content.decode()
    assert "本会志愿者" in body and "外会志愿者" not in body


def test_volunteer_list_filters_experts(client_a, society_a):
    VolunteerFactory(society=society_a, name="普通志愿者")
    VolunteerFactory(society=society_a, name="科普专家甲", is_expert=True)
    body = client_a.get(reverse("societies:volunteer_list") + "?expert=1").content.decode()
    assert "科普专家甲" in body and "普通志愿者" not in body


@pytest.mark.parametrize("count", [1, 3])
def test_volunteer_list_query_count_constant(client_a, society_a, count, django_assert_num_queries):
    VolunteerFactory.create_batch(count, society=society_a)
    client_a.get(reverse("societies:volunteer_list"))  # warm the session
    with django_assert_num_queries(4):
        assert client_a.get(reverse("societies:volunteer_list")).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_brand_list_query_count_constant(client_a, society_a, count, django_assert_num_queries):
    BrandFactory.create_batch(count, society=society_a)
    client_a.get(reverse("societies:brand_list"))
    with django_assert_num_queries(4):
        assert client_a.get(reverse("societies:brand_list")).status_code == 200


def test_volunteer_create_sets_own_society_ignoring_posted_one(client_a, society_a, society_b):
    response = client_a.post(
        reverse("societies:volunteer_create"), {"name": "新专家", "is_expert": "on", "society": society_b.pk}
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(name="新专家")
    assert volunteer.society == society_a and volunteer.is_expert


def test_volunteer_create_missing_name_shows_error(client_a):
    response = client_a.post(reverse("societies:volunteer_create"), {"name": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_volunteer_update_own(client_a, society_a):
    volunteer = VolunteerFactory(society=society_a)
    response = client_a.post(reverse("societies:volunteer_update", args=[volunteer.pk]), {"name": "改名"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.name == "改名"


def test_volunteer_update_other_society_404(client_a, society_b):
    volunteer = VolunteerFactory(society=society_b, name="外会")
    url = reverse("societies:volunteer_update", args=[volunteer.pk])
    assert client_a.get(url).status_code == 404
    assert client_a.post(url, {"name": "篡改"}).status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.name == "外会"


def test_volunteer_delete_own(client_a, society_a):
    volunteer = VolunteerFactory(society=society_a)
    url = reverse("societies:volunteer_delete", args=[volunteer.pk])
    assert client_a.get(url).status_code == 200
    assert client_a.post(url).status_code == 302
    assert not Volunteer.objects.filter(pk=volunteer.pk).exists()


def test_volunteer_delete_other_society_404(client_a, society_b):
    volunteer = VolunteerFactory(society=society_b)
    assert client_a.post(reverse("societies:volunteer_delete", args=[volunteer.pk])).status_code == 404
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()


def test_brand_create_duplicate_name_refused_with_message(client_a, society_a, society_b):
    BrandFactory(society=society_a, name="物理大讲堂")
    BrandFactory(society=society_b, name="同名不同会")
    response = client_a.post(reverse("societies:brand_create"), {"name": "物理大讲堂"})
    assert response.status_code == 200
    assert "已有同名" in response.content.decode()
    assert Brand.objects.filter(society=society_a).count() == 1
    # another society's brand of the same name does not clash
    assert client_a.post(reverse("societies:brand_create"), {"name": "同名不同会"}).status_code == 302


def test_brand_update_other_society_404(client_a, society_b):
    brand = BrandFactory(society=society_b, name="外会品牌")
    assert client_a.post(reverse("societies:brand_update", args=[brand.pk]), {"name": "x"}).status_code == 404
    brand.refresh_from_db()
    assert brand.name == "外会品牌"
