"""Merge laid-out sections into one tagged PDF, keeping each section's structure tree.

Each section is laid out by WeasyPrint with `pdf_tags`, so it carries its own structure
tree (headings, paragraphs, tables, lists) for screen readers. Merging pages alone would
drop it; so each section's tree is copied in as a `Sect` of one `Document`, its keys in the
parent tree renumbered. When a section's first page is laid over the previous section's
last page (it started part-way down it), that page becomes a form XObject, and its marked
content is referred to through the form (`/Stm`), as PDF 1.7 (14.7.4.3) provides.

Links (an incident number to the incident in full, an exhibit ref to the exhibit) mostly
point into another section, which WeasyPrint cannot see while it lays out one section: they
are laid out as links to `SECTION_LINK_SCHEME` + the target's id, and pointed at the
target's page here, from the named destinations every section carries for its ids. The
links of an overlaid half page are carried onto the page it is laid over, with their
structure (the `Link` element's object reference) following them.
"""

import urllib.parse

import pikepdf
from pikepdf import Array, Dictionary, Name

# What a link to an id in the document (href="#id") becomes in a section laid out alone.
SECTION_LINK_SCHEME = "stalklog-section-link:"


class TaggedMerge:
    """Pages and structure of sections, appended in reading order into `pdf`."""

    def __init__(self, pdf: pikepdf.Pdf, lang: str, link_labels=None):
        self.pdf = pdf
        self.lang = lang
        # What a screen reader says for a link to an id (WeasyPrint puts the URL there).
        self.link_labels = link_labels or {}
        self.kids = Array()
        self.parent_tree: list[tuple[int, object]] = []
        self.next_key = 0
        self.role_map = None
        self.tagged = True
        self.destinations: dict[str, Array] = {}  # id -> explicit destination in `pdf`

    def add(self, source: pikepdf.Pdf, *, drop_first: bool = False, overlay_onto=None):
        """Append `source`'s pages; with `drop_first`, its first page is not appended but,
        with `overlay_onto` (a page of `pdf`), laid over that page."""
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            self.tagged = False
        pages = list(source.pages)
        first = pages[0]
        if drop_first:
            pages = pages[1:]
        pairs = _parent_tree_pairs(root) if root is not None else {}
        base = self.next_key
        first_key = first.obj.get("/StructParents")
        leaves, form = None, None
        if drop_first and first_key is not None:
            leaves = pairs.pop(int(first_key), None)
        if drop_first and overlay_onto is not None:
            form = first.as_form_xobject()
            if leaves is not None:
                _detach_from_page(leaves, first.obj, form)
        elif drop_first and leaves is not None:
            _detach_from_page(leaves, first.obj, None)
        first_links = list(first.obj.get("/Annots", ())) if drop_first else []
        if first_links:
            # Carried onto the page it is laid over (below), not with a page that is dropped.
            _detach_links(first_links, pairs, first.obj, keep=overlay_onto is not None)
            del first.obj["/Annots"]
        targets = _named_destinations(source)
        page_numbers = {page.obj.objgen: number for number, page in enumerate(source.pages)}
        start = len(self.pdf.pages)
        if root is not None:
            for element in root.K if isinstance(root.K, Array) else [root.K]:
                if "/P" in element:
                    del element["/P"]  # re-parented below, not copied with the source root
        self.pdf.pages.extend(pages)
        for page in self.pdf.pages[len(self.pdf.pages) - len(pages) :]:
            _shift_keys(page, base)
        for key, value in sorted(pairs.items()):
            self.parent_tree.append((base + key, self._copy(source, value)))
        if overlay_onto is not None and first_links:
            self._carry_links(source, first_links, overlay_onto, base)
        for name, destination in targets.items():
            number = page_numbers.get(destination[0].objgen)
            if number is None:
                continue
            if drop_first and number == 0:
                page = overlay_onto  # None: the dropped first page showed nothing
            else:
                page = self.pdf.pages[start + number - (1 if drop_first else 0)]
            if page is not None:
                self.destinations[name] = Array([page.obj, *destination[1:]])
        if form is not None:
            copied_form = self.pdf.copy_foreign(form)
            if leaves is not None:
                copied_form.StructParents = base + int(first_key)
                copied_leaves = self._copy(source, leaves)
                for leaf in copied_leaves:
                    if isinstance(leaf, Dictionary):
                        for kid in leaf.get("/K", ()):
                            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                                kid.Pg = overlay_onto.obj
                self.parent_tree.append((base + int(first_key), copied_leaves))
            overlay_onto.add_overlay(copied_form)
        if root is not None:
            if self.role_map is None and "/RoleMap" in root:
                self.role_map = self.pdf.copy_foreign(root.RoleMap)
            for element in root.K if isinstance(root.K, Array) else [root.K]:
                copied = self._copy(source, element)
                if copied.get("/S") == Name.Document:
                    copied.S = Name.Sect
                self.kids.append(copied)
            keys = [key for key in pairs] + ([int(first_key)] if first_key is not None else [])
            self.next_key = base + (max(keys) + 1 if keys else 0)

    def _carry_links(self, source, links, page, base):
        """The link annotations of a half page laid over `page`: same place (the form is
        drawn at the page's own coordinates), same structure parent keys, renumbered."""
        annotations = page.obj.get("/Annots")
        if annotations is None:
            page.obj.Annots = annotations = Array()
        for link in links:
            copied = self._copy(source, link)  # the same copy the Link element refers to
            copied.P = page.obj
            if "/StructParent" in copied:
                copied.StructParent = int(copied.StructParent) + base
                element = dict(self.parent_tree).get(int(copied.StructParent))
                if element is not None:
                    _point_links_at(element, copied, page.obj)
            annotations.append(copied)

    def _copy(self, source, value):
        return _copy_into(self.pdf, source, value)

    def finish(self):
        """Write the merged structure tree and the catalogue entries of a tagged PDF."""
        pdf = self.pdf
        pdf.Root.Lang = pikepdf.String(self.lang)
        self._resolve_links()
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        if not self.tagged:
            return
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        for kid in self.kids:
            kid.P = document
        document.K = self.kids
        document.P = tree_root
        nums = Array()
        for key, value in sorted(self.parent_tree, key=lambda pair: pair[0]):
            nums.append(key)
            nums.append(value)
        tree_root.K = Array([document])
        tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        tree_root.ParentTreeNextKey = self.next_key
        if self.role_map is not None:
            tree_root.RoleMap = self.role_map
        pdf.Root.StructTreeRoot = tree_root
        pdf.Root.MarkInfo = Dictionary(Marked=True)

    def _resolve_links(self):
        _write_destinations(self.pdf, self.destinations)
        _resolve_links(self.pdf.pages, self.destinations, self.link_labels)


def _copy_into(pdf, source, value):
    # copy_foreign takes indirect objects only; parent-tree arrays are often direct.
    if not value.is_indirect:
        value = source.make_indirect(value)
    return pdf.copy_foreign(value)


def _write_destinations(pdf, destinations: dict):
    names = Array()
    for name in sorted(destinations):
        names.append(pikepdf.String(name))
        names.append(destinations[name])
    if destinations:
        pdf.Root.Names = Dictionary(Dests=pdf.make_indirect(Dictionary(Names=names)))


def _resolve_links(pages, destinations: dict, link_labels: dict):
    """Point each link to an id at its target's page; a link whose target is not in the
    document (left out by the profile) keeps its text and loses its action."""
    for page in pages:
        for link in page.obj.get("/Annots", ()):
            action = link.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(SECTION_LINK_SCHEME):
                continue
            target = urllib.parse.unquote(uri[len(SECTION_LINK_SCHEME) :])
            del link["/A"]
            if target in destinations:
                link.Dest = destinations[target]
            link.Contents = pikepdf.String(link_labels.get(target, "Link"))


def prepend_section(pdf: pikepdf.Pdf, source: pikepdf.Pdf, link_labels=None) -> bool:
    """Put the pages of `source`, one section laid out alone (the cover), before those of
    `pdf`, a merge that TaggedMerge has finished (the pre-merged rest of the document), with
    its structure as the Document's first Sect, as TaggedMerge.add would have put it.

    Its parent-tree keys are numbered after the merge's own (from ParentTreeNextKey), so
    none of the merge's pages, overlaid forms or links is renumbered: keys need not follow
    the order of the pages. False, with `pdf` untouched, when either is untagged."""
    root = source.Root.get("/StructTreeRoot")
    tree = pdf.Root.get("/StructTreeRoot")
    if root is None or tree is None or "/Nums" not in tree.ParentTree:
        return False
    document = tree.K[0] if isinstance(tree.K, Array) else tree.K
    base = int(tree.ParentTreeNextKey)
    pairs = _parent_tree_pairs(root)
    elements = list(root.K if isinstance(root.K, Array) else [root.K])
    for element in elements:
        if "/P" in element:
            del element["/P"]  # re-parented below, not copied with the source root
    pages = list(source.pages)
    keys = list(pairs)
    for number, page in enumerate(pages):
        if "/StructParents" in page.obj:
            keys.append(int(page.obj.StructParents))
        pdf.pages.insert(number, page)
        _shift_keys(pdf.pages[number], base)
    nums = tree.ParentTree.Nums  # flat, as finish() writes it; these keys sort last
    for key, value in sorted(pairs.items()):
        nums.append(base + key)
        nums.append(_copy_into(pdf, source, value))
    copied = []
    for element in elements:
        element = _copy_into(pdf, source, element)
        if element.get("/S") == Name.Document:
            element.S = Name.Sect
        element.P = document
        copied.append(element)
    document.K = Array(copied + list(document.K))
    tree.ParentTreeNextKey = base + (max(keys) + 1 if keys else 0)
    if "/RoleMap" not in tree and "/RoleMap" in root:
        tree.RoleMap = pdf.copy_foreign(root.RoleMap)
    # Its ids join the merge's named destinations; its links to ids are pointed at them.
    destinations = _named_destinations(pdf)
    page_numbers = {page.obj.objgen: number for number, page in enumerate(source.pages)}
    for name, destination in _named_destinations(source).items():
        number = page_numbers.get(destination[0].objgen)
        if number is not None:
            destinations[name] = Array([pdf.pages[number].obj, *destination[1:]])
    _write_destinations(pdf, destinations)
    _resolve_links(pdf.pages[: len(pages)], destinations, link_labels or {})
    return True


def _named_destinations(source) -> dict:
    """{id: [page, /XYZ, left, top, zoom]} of a section (WeasyPrint names every id)."""
    found = {}

    def walk(node):
        names = node.get("/Names")
        if names is not None:
            for index in range(0, len(names), 2):
                destination = names[index + 1]
                if isinstance(destination, Dictionary):
                    destination = destination.D
                found[str(names[index])] = destination
        for kid in node.get("/Kids", ()):
            walk(kid)

    tree = source.Root.get("/Names", {}).get("/Dests")
    if tree is not None:
        walk(tree)
    return found


def _detach_links(links, pairs, page, *, keep: bool):
    """Links on a first page that is not carried over: their Link elements stop naming that
    page (set again to the page it is laid over, once copied), or with `keep` False (the
    page showed nothing and is dropped), their parent-tree entries go with them."""
    for link in links:
        key = link.get("/StructParent")
        element = pairs.get(int(key)) if key is not None else None
        if not isinstance(element, Dictionary):
            continue
        if not keep:
            pairs.pop(int(key), None)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if _is_reference(kid) and "/Pg" in kid and kid.Pg.objgen == page.objgen:
                del kid["/Pg"]
        if "/Pg" in element and element.Pg.objgen == page.objgen:
            del element["/Pg"]


def _point_links_at(element, link, page):
    """Name `page` as where the Link `element` and its reference to `link` are."""
    element.Pg = page
    kids = element.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        if _is_reference(kid) and kid.Obj.objgen == link.objgen:
            kid.Pg = page


def _is_reference(kid) -> bool:
    return isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR


def _parent_tree_pairs(root) -> dict:
    """{key: value} of a structure tree's parent tree (a flat /Nums, or /Kids of them)."""
    pairs = {}

    def walk(node):
        nums = node.get("/Nums")
        if nums is not None:
            for index in range(0, len(nums), 2):
                pairs[int(nums[index])] = nums[index + 1]
        for kid in node.get("/Kids", ()):
            walk(kid)

    tree = root.get("/ParentTree")
    if tree is not None:
        walk(tree)
    return pairs


def _shift_keys(page, base: int):
    if base == 0:
        return
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + base
    for annotation in page.obj.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + base


def _detach_from_page(leaves, page, form):
    """Make the structure elements marked on `page` refer to its content through `form`
    (or to nothing, when the page is dropped), and no longer to the page itself, which is
    not carried over."""
    for leaf in leaves:
        if not isinstance(leaf, Dictionary):
            continue
        kids = leaf.get("/K")
        kids = kids if isinstance(kids, Array) else Array([kids]) if kids is not None else Array()
        if form is not None:
            leaf.K = Array(
                [
                    Dictionary(Type=Name.MCR, MCID=int(kid), Stm=form)
                    if isinstance(kid, int)
                    else kid
                    for kid in kids
                ]
            )
        else:
            leaf.K = Array([kid for kid in kids if not isinstance(kid, int)])
        element = leaf
        while isinstance(element, Dictionary) and element.get("/Type") == Name.StructElem:
            if "/Pg" in element and element.Pg.objgen == page.objgen:
                del element["/Pg"]
            element = element.get("/P")
