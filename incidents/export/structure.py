"""Merge laid-out sections into one tagged PDF, keeping each section's structure tree.

Each section is laid out by WeasyPrint with `pdf_tags`, so it carries its own structure
tree (headings, paragraphs, tables, lists) for screen readers. Merging pages alone would
drop it; so each section's tree is copied in as a `Sect` of one `Document`, its keys in the
parent tree renumbered. When a section's first page is laid over the previous section's
last page (it started part-way down it), that page becomes a form XObject, and its marked
content is referred to through the form (`/Stm`), as PDF 1.7 (14.7.4.3) provides.
"""

import pikepdf
from pikepdf import Array, Dictionary, Name


class TaggedMerge:
    """Pages and structure of sections, appended in reading order into `pdf`."""

    def __init__(self, pdf: pikepdf.Pdf, lang: str):
        self.pdf = pdf
        self.lang = lang
        self.kids = Array()
        self.parent_tree: list[tuple[int, object]] = []
        self.next_key = 0
        self.role_map = None
        self.tagged = True

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
        if drop_first and "/Annots" in first.obj:
            del first.obj["/Annots"]  # links of an overlaid half page are not carried over
        if root is not None:
            for element in root.K if isinstance(root.K, Array) else [root.K]:
                if "/P" in element:
                    del element["/P"]  # re-parented below, not copied with the source root
        self.pdf.pages.extend(pages)
        for page in self.pdf.pages[len(self.pdf.pages) - len(pages) :]:
            _shift_keys(page, base)
        for key, value in sorted(pairs.items()):
            self.parent_tree.append((base + key, self._copy(source, value)))
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

    def _copy(self, source, value):
        # copy_foreign takes indirect objects only; parent-tree arrays are often direct.
        if not value.is_indirect:
            value = source.make_indirect(value)
        return self.pdf.copy_foreign(value)

    def finish(self):
        """Write the merged structure tree and the catalogue entries of a tagged PDF."""
        pdf = self.pdf
        pdf.Root.Lang = pikepdf.String(self.lang)
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
