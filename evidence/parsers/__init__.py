"""Readers for the kinds of evidence that hold more than one thing: e-mails and chat exports."""

from evidence.parsers.eml import parse_eml
from evidence.parsers.sms import parse_sms_xml
from evidence.parsers.whatsapp import parse_whatsapp_txt, parse_whatsapp_zip

__all__ = ["parse_eml", "parse_sms_xml", "parse_whatsapp_txt", "parse_whatsapp_zip"]
