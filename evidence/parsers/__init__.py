"""Readers for the kinds of evidence that hold more than one thing: e-mails and chat exports."""

from .eml import parse_eml
from .sms import parse_sms_xml
from .whatsapp import parse_whatsapp_txt, parse_whatsapp_zip

__all__ = ["parse_eml", "parse_sms_xml", "parse_whatsapp_txt", "parse_whatsapp_zip"]
